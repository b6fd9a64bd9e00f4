-- Creates a reminder with version 1, or replaces its schedule and bumps its version.
-- Returns the new version (the reminder's ETag).
INSERT INTO OrleansCoordReminders AS r
    (ServiceId, GrainId, ReminderName, GrainHash, StartTime, Period, Version)
VALUES (@ServiceId, @GrainId, @ReminderName, @GrainHash, @StartTime, @Period, 1)
ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
SET GrainHash = EXCLUDED.GrainHash,
    StartTime = EXCLUDED.StartTime,
    Period    = EXCLUDED.Period,
    Version   = r.Version + 1
RETURNING r.Version AS Version;

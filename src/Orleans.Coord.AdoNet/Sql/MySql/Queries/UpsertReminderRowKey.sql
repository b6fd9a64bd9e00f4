-- Creates a reminder with version 1, or replaces its schedule and bumps its version.
-- Returns the new version (the reminder's ETag).
CALL OrleansCoord_UpsertReminder(@ServiceId, @GrainId, @ReminderName, @GrainHash, @StartTime, @Period);

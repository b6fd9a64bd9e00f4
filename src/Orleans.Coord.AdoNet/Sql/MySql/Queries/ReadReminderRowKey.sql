-- One reminder of one grain (no row when it does not exist).
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansCoordReminders
WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;

-- All reminders of one grain.
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansCoordReminders
WHERE ServiceId = @ServiceId AND GrainId = @GrainId;

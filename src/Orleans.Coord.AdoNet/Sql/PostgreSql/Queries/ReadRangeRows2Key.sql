-- Reminders whose grain hash lies in (@BeginHash, max] or [min, @EndHash] when the range wraps.
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansCoordReminders
WHERE ServiceId = @ServiceId
  AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);

-- Deletes a reminder if its version still equals @Version. Returns 1 if deleted, else 0.
DELETE FROM OrleansCoordReminders
WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName
  AND Version = @Version;
SELECT CASE WHEN ROW_COUNT() > 0 THEN 1 ELSE 0 END AS Deleted;

-- Deletes a reminder if its version still equals @Version. Returns 1 if deleted, else 0.
WITH deleted AS (
    DELETE FROM OrleansCoordReminders
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName
      AND Version = @Version
    RETURNING 1
)
SELECT count(*)::integer AS Deleted FROM deleted;

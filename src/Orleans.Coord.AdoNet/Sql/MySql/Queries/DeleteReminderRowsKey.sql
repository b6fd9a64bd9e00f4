-- Deletes every reminder of the service.
DELETE FROM OrleansCoordReminders WHERE ServiceId = @ServiceId;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Coord.File.Internal;
using Orleans.Coord.File.Reminders;
using Orleans.Coord.File.Storage;
using Orleans.Coord.TestServers.Internal;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;

namespace Orleans.Coord.Tests.FileBackend;

/// <summary>
/// A temporary directory and the file backend's providers on it, built as a silo builds them (a real serializer, the
/// directory held with its lock). <see cref="Reopen"/> lets go of the directory and holds it anew, as a restarted silo does.
/// </summary>
internal sealed class FileBackendTestDirectory : IDisposable
{
    private readonly TempFolder _folder = new("coord-file-test");
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    public FileBackendTestDirectory() => Directory = Open();

    public string Path => _folder.Path;

    public BackendDirectory Directory { get; private set; }

    public FileGrainStorage Storage(string name = "coord") => new(
        name, Directory, _services.GetRequiredService<Serializer>(), _services.GetRequiredService<IActivatorProvider>(), NullLogger<FileGrainStorage>.Instance);

    public FileReminderTable Reminders() => new(Directory, NullLogger<FileReminderTable>.Instance);

    public void Reopen()
    {
        Directory.Dispose();
        Directory = Open();
    }

    public void Dispose()
    {
        Directory.Dispose();
        _services.Dispose();
        _folder.Dispose();
    }

    private BackendDirectory Open()
    {
        var directory = new BackendDirectory(Path, NullLogger<BackendDirectory>.Instance);
        directory.Open();
        return directory;
    }
}

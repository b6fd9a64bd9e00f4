using System.Globalization;
using Microsoft.Extensions.Logging;
using Orleans.Coord.File.Internal;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Orleans.Coord.File.Storage;

/// <summary>
/// Orleans grain storage in files: each grain state is the file
/// <c>&lt;directory&gt;/state/&lt;provider&gt;/&lt;state name&gt;~&lt;grain id&gt;</c> (<see cref="FileNames"/>) holding a
/// version and the state serialized with the Orleans <see cref="Serializer"/> (<see cref="StateFile"/>); the version is the ETag.
/// <list type="bullet">
/// <item>Every write and clear is durable before it returns (<see cref="DurableFile"/>: temporary file, fsync, rename,
/// fsync of the directory); a crash leaves the previous state or the new one.</item>
/// <item>Write with a null ETag creates the state and fails if it exists; with an ETag it replaces the state only if the
/// stored version still matches. Otherwise it throws <see cref="InconsistentStateException"/> and writes nothing.</item>
/// <item>A state's first version is the current UTC time in 100 ns ticks and each write adds one, so a state cleared
/// and created again never gets back an ETag it had.</item>
/// <item>Clear deletes the file only if the version still matches (with a null ETag: only if there is none); afterwards
/// the ETag is null.</item>
/// </list>
/// The file is read on every call (the check of the ETag included), so it is the truth after a restart. Calls on one
/// state are serialized within the process; one silo holds the directory (<see cref="BackendDirectory"/>). The file work
/// runs on the backend's own threads (<see cref="BlockingIo"/>), so a slow disk never holds up the thread pool.
/// </summary>
internal sealed partial class FileGrainStorage : IGrainStorage
{
    private readonly string _name;
    private readonly Serializer _serializer;
    private readonly IActivatorProvider _activatorProvider;
    private readonly ILogger _logger;
    private readonly Lazy<string> _folder;
    private readonly Lock[] _stripes = Enumerable.Range(0, 64).Select(_ => new Lock()).ToArray();

    public FileGrainStorage(string name, BackendDirectory directory, Serializer serializer, IActivatorProvider activatorProvider, ILogger<FileGrainStorage> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(directory);
        _name = name;
        _serializer = serializer;
        _activatorProvider = activatorProvider;
        _logger = logger;
        _folder = new Lazy<string>(() => directory.Subdirectory("state", FileNames.Escape(name)), LazyThreadSafetyMode.PublicationOnly);
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var (fileName, key) = Locate(stateName, grainId);
        var stored = await BlockingIo.RunAsync(() =>
        {
            lock (StripeOf(fileName))
            {
                return Read(fileName, key);
            }
        });

        if (stored is { } file)
        {
            grainState.State = _serializer.Deserialize<T>(file.Data);
            grainState.ETag = FormatETag(file.Version);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = CreateEmpty<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var (fileName, key) = Locate(stateName, grainId);
        var data = _serializer.SerializeToArray(grainState.State);
        var etag = grainState.ETag;
        var version = await BlockingIo.RunAsync(() =>
        {
            lock (StripeOf(fileName))
            {
                var stored = Read(fileName, key);
                long version;
                if (etag is null)
                {
                    if (stored is { } existing)
                    {
                        throw Conflict("write", stateName, grainId, etag, existing.Version);
                    }

                    version = DateTime.UtcNow.Ticks;
                }
                else
                {
                    if (stored is not { } current || !TryParseETag(etag, out var expected) || current.Version != expected)
                    {
                        throw Conflict("write", stateName, grainId, etag, stored?.Version);
                    }

                    version = current.Version + 1;
                }

                DurableFile.Replace(_folder.Value, fileName, new StateFile(version, key, data).ToBytes());
                return version;
            }
        });

        grainState.ETag = FormatETag(version);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var (fileName, key) = Locate(stateName, grainId);
        var etag = grainState.ETag;
        await BlockingIo.RunAsync(() =>
        {
            lock (StripeOf(fileName))
            {
                var stored = Read(fileName, key);
                if (etag is null)
                {
                    if (stored is { } existing)
                    {
                        throw Conflict("clear", stateName, grainId, etag, existing.Version);
                    }
                }
                else
                {
                    if (stored is not { } current || !TryParseETag(etag, out var expected) || current.Version != expected)
                    {
                        throw Conflict("clear", stateName, grainId, etag, stored?.Version);
                    }

                    DurableFile.Delete(_folder.Value, fileName);
                }
            }
        });

        grainState.State = CreateEmpty<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>The file name and the key of a state.</summary>
    internal static (string FileName, string Key) Locate(string stateName, GrainId grainId)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        var id = grainId.ToString();
        return (FileNames.For(stateName, id), StateFile.KeyOf(stateName, id));
    }

    private StateFile? Read(string fileName, string key)
    {
        var path = Path.Combine(_folder.Value, fileName);
        var stored = StateFile.Read(path);
        if (stored is { } file && file.Key != key)
        {
            throw new InvalidDataException($"File grain storage '{_name}': {path} holds the state of '{file.Key.Replace('\n', ' ')}', not of '{key.Replace('\n', ' ')}'.");
        }

        return stored;
    }

    private Lock StripeOf(string fileName) => _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(fileName) % (uint)_stripes.Length)];

    private static string FormatETag(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static bool TryParseETag(string etag, out long version) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out version);

    private InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? etag, long? stored)
    {
        var storedETag = stored is { } version ? FormatETag(version) : "(none)";
        LogConflict(_name, operation, stateName, grainId, etag, storedETag);
        return new InconsistentStateException(
            $"File grain storage '{_name}': {operation} of state '{stateName}' of grain {grainId} with ETag '{etag ?? "(none)"}' conflicts with the stored state (ETag '{storedETag}').",
            storedETag,
            etag ?? string.Empty);
    }

    private T CreateEmpty<T>() => _activatorProvider.GetActivator<T>().Create();

    [LoggerMessage(Level = LogLevel.Debug, Message = "File grain storage {Name}: {Operation} of {StateName} of {GrainId} with ETag {ETag} conflicts with the stored ETag {StoredETag}.")]
    private partial void LogConflict(string name, string operation, string stateName, GrainId grainId, string? etag, string storedETag);
}

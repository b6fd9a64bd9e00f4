namespace Orleans.Coord.ZooKeeper;

/// <summary>
/// One operation of a <see cref="ZooKeeperClient.MultiAsync"/> transaction. Build it with
/// <see cref="Check"/>, <see cref="Create"/>, <see cref="Delete"/> or <see cref="SetData"/>; arguments are validated there.
/// </summary>
public sealed class ZooKeeperOperation
{
    private ZooKeeperOperation(ZooKeeperOperationKind kind, string path, ReadOnlyMemory<byte> data, int version, CreateMode mode)
    {
        Kind = kind;
        Path = path;
        Data = data;
        Version = version;
        Mode = mode;
    }

    /// <summary>The operation kind.</summary>
    public ZooKeeperOperationKind Kind { get; }

    /// <summary>The node path (without chroot).</summary>
    public string Path { get; }

    /// <summary>The data for Create and SetData; empty otherwise.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The expected version for Check, Delete and SetData (-1 matches any); unused for Create.</summary>
    public int Version { get; }

    /// <summary>The create mode for Create; unused otherwise.</summary>
    public CreateMode Mode { get; }

    /// <summary>Fails the transaction unless the node exists with the given data version.</summary>
    /// <param name="path">A valid absolute node path.</param>
    /// <param name="version">The expected data version (-1 only checks existence).</param>
    /// <exception cref="ArgumentException">Invalid path or a version below -1.</exception>
    public static ZooKeeperOperation Check(string path, int version)
    {
        ZooKeeperPath.Validate(path, nameof(path));
        ValidateVersion(version);
        return new ZooKeeperOperation(ZooKeeperOperationKind.Check, path, ReadOnlyMemory<byte>.Empty, version, CreateMode.Persistent);
    }

    /// <summary>Creates a node with an open (world:anyone) ACL.</summary>
    /// <param name="path">A valid absolute node path (the prefix, for sequential modes).</param>
    /// <param name="data">The data, at most <see cref="ZooKeeperClient.MaxDataLength"/> bytes.</param>
    /// <param name="mode">Persistent, ephemeral, sequential or both.</param>
    /// <exception cref="ArgumentException">Invalid path, data too long, or an undefined mode.</exception>
    public static ZooKeeperOperation Create(string path, ReadOnlyMemory<byte> data, CreateMode mode = CreateMode.Persistent)
    {
        ZooKeeperPath.Validate(path, nameof(path));
        ZooKeeperClient.ValidateData(data, nameof(data));
        ZooKeeperClient.ValidateMode(mode, nameof(mode));
        return new ZooKeeperOperation(ZooKeeperOperationKind.Create, path, data, -1, mode);
    }

    /// <summary>Deletes a node, if its version matches.</summary>
    /// <param name="path">A valid absolute node path.</param>
    /// <param name="version">The expected data version, or -1 for any.</param>
    /// <exception cref="ArgumentException">Invalid path or a version below -1.</exception>
    public static ZooKeeperOperation Delete(string path, int version = -1)
    {
        ZooKeeperPath.Validate(path, nameof(path));
        ValidateVersion(version);
        return new ZooKeeperOperation(ZooKeeperOperationKind.Delete, path, ReadOnlyMemory<byte>.Empty, version, CreateMode.Persistent);
    }

    /// <summary>Sets a node's data, if its version matches.</summary>
    /// <param name="path">A valid absolute node path.</param>
    /// <param name="data">The data, at most <see cref="ZooKeeperClient.MaxDataLength"/> bytes.</param>
    /// <param name="version">The expected data version, or -1 for any.</param>
    /// <exception cref="ArgumentException">Invalid path, data too long, or a version below -1.</exception>
    public static ZooKeeperOperation SetData(string path, ReadOnlyMemory<byte> data, int version = -1)
    {
        ZooKeeperPath.Validate(path, nameof(path));
        ZooKeeperClient.ValidateData(data, nameof(data));
        ValidateVersion(version);
        return new ZooKeeperOperation(ZooKeeperOperationKind.SetData, path, data, version, CreateMode.Persistent);
    }

    private static void ValidateVersion(int version)
    {
        if (version < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "A version must be -1 (any) or at least 0.");
        }
    }
}

namespace Orleans.Coord.ZooKeeper.Internal;

/// <summary>Translates between the client's paths and the server's when the connect string has a chroot.</summary>
internal sealed class ChrootPath
{
    private readonly string? _chroot;

    public ChrootPath(string? chroot)
    {
        _chroot = chroot;
    }

    public string ToServer(string clientPath)
    {
        if (_chroot is null)
        {
            return clientPath;
        }

        return clientPath == ZooKeeperPath.Root ? _chroot : _chroot + clientPath;
    }

    public string ToClient(string serverPath)
    {
        if (_chroot is null)
        {
            return serverPath;
        }

        if (serverPath == _chroot)
        {
            return ZooKeeperPath.Root;
        }

        return serverPath.Length > _chroot.Length && serverPath.StartsWith(_chroot, StringComparison.Ordinal) && serverPath[_chroot.Length] == '/'
            ? serverPath[_chroot.Length..]
            : serverPath;
    }
}

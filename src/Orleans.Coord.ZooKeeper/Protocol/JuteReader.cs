using System.Buffers.Binary;
using System.Text;

namespace Orleans.Coord.ZooKeeper.Protocol;

/// <summary>
/// Reads values in ZooKeeper's jute binary encoding from one received frame.
/// Any truncated or malformed field raises <see cref="ZooKeeperProtocolException"/>.
/// </summary>
internal sealed class JuteReader
{
    private readonly byte[] _buffer;
    private readonly int _end;
    private int _position;

    public JuteReader(byte[] buffer)
        : this(buffer, 0, buffer.Length)
    {
    }

    public JuteReader(byte[] buffer, int offset, int count)
    {
        _buffer = buffer;
        _position = offset;
        _end = offset + count;
    }

    /// <summary>Bytes not yet read.</summary>
    public int Remaining => _end - _position;

    public int ReadInt() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long ReadLong() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public bool ReadBool() => Take(1)[0] != 0;

    public byte[]? ReadBuffer()
    {
        var length = ReadInt();
        if (length < 0)
        {
            return null;
        }

        return Take(length).ToArray();
    }

    public string? ReadString()
    {
        var length = ReadInt();
        if (length < 0)
        {
            return null;
        }

        return Encoding.UTF8.GetString(Take(length));
    }

    public List<string> ReadStringVector()
    {
        var count = ReadInt();
        if (count < 0)
        {
            return new List<string>();
        }

        // Each string needs at least its 4-byte length prefix: reject counts the frame cannot hold.
        if (count > Remaining / 4)
        {
            throw new ZooKeeperProtocolException($"Vector count {count} exceeds the {Remaining} bytes left in the frame.");
        }

        var result = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            result.Add(ReadString() ?? string.Empty);
        }

        return result;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new ZooKeeperProtocolException($"Frame truncated: needed {count} bytes, {Remaining} left.");
        }

        var span = new ReadOnlySpan<byte>(_buffer, _position, count);
        _position += count;
        return span;
    }
}

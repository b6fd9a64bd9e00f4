using System.Buffers.Binary;
using System.Text;

namespace Orleans.Coord.ZooKeeper.Protocol;

/// <summary>
/// Writes values in ZooKeeper's jute binary encoding (big-endian integers, length-prefixed buffers,
/// strings and vectors, where a length of -1 stands for null) into a growable buffer.
/// </summary>
internal sealed class JuteWriter
{
    private byte[] _buffer;
    private int _length;

    public JuteWriter(int initialCapacity = 256)
    {
        _buffer = new byte[Math.Max(16, initialCapacity)];
    }

    /// <summary>Number of bytes written so far.</summary>
    public int Length => _length;

    public void WriteInt(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(Reserve(4), value);
    }

    public void WriteLong(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value);
    }

    public void WriteBool(bool value)
    {
        Reserve(1)[0] = value ? (byte)1 : (byte)0;
    }

    public void WriteBuffer(ReadOnlySpan<byte> value)
    {
        WriteInt(value.Length);
        value.CopyTo(Reserve(value.Length));
    }

    public void WriteNullBuffer() => WriteInt(-1);

    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteInt(-1);
            return;
        }

        var count = Encoding.UTF8.GetByteCount(value);
        WriteInt(count);
        Encoding.UTF8.GetBytes(value, Reserve(count));
    }

    public void WriteStringVector(IReadOnlyCollection<string> values)
    {
        WriteInt(values.Count);
        foreach (var value in values)
        {
            WriteString(value);
        }
    }

    /// <summary>Overwrites a big-endian int at an earlier position (used for frame length prefixes).</summary>
    public void PatchInt(int position, int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(position, 4), value);
    }

    /// <summary>Returns the written bytes as a new array.</summary>
    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    /// <summary>Returns a view of the written bytes; valid until the next write.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            var newSize = Math.Max(_buffer.Length * 2, _length + count);
            Array.Resize(ref _buffer, newSize);
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}

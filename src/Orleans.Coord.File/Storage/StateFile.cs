using System.Buffers.Binary;
using System.Text;

namespace Orleans.Coord.File.Storage;

/// <summary>
/// The content of one grain state file: the magic <c>OCS1</c>, the version (8 bytes, little-endian; the ETag), the key
/// (4-byte length, UTF-8 <c>state name + '\n' + grain id</c>, checked on every read so that a shortened file name cannot
/// answer for another key), then the state as the Orleans serializer wrote it.
/// </summary>
internal readonly record struct StateFile(long Version, string Key, ReadOnlyMemory<byte> Data)
{
    private static ReadOnlySpan<byte> Magic => "OCS1"u8;

    private const int FixedHeader = 4 + 8 + 4;

    public static string KeyOf(string stateName, string grainId) => $"{stateName}\n{grainId}";

    public byte[] ToBytes()
    {
        var key = Encoding.UTF8.GetBytes(Key);
        var bytes = new byte[FixedHeader + key.Length + Data.Length];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(4), Version);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), key.Length);
        key.CopyTo(bytes.AsSpan(FixedHeader));
        Data.Span.CopyTo(bytes.AsSpan(FixedHeader + key.Length));
        return bytes;
    }

    /// <summary>Reads <paramref name="path"/>, or returns null when it does not exist.</summary>
    /// <exception cref="InvalidDataException">The file is not a state file.</exception>
    public static StateFile? Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = System.IO.File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        if (bytes.Length < FixedHeader || !bytes.AsSpan(0, 4).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"{path} is not a grain state file of the file backend (no OCS1 header).");
        }

        var version = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(4));
        var keyLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12));
        if (keyLength < 0 || keyLength > bytes.Length - FixedHeader)
        {
            throw new InvalidDataException($"{path} is a truncated grain state file (key of {keyLength} bytes in {bytes.Length}).");
        }

        var key = Encoding.UTF8.GetString(bytes, FixedHeader, keyLength);
        return new StateFile(version, key, bytes.AsMemory(FixedHeader + keyLength));
    }
}

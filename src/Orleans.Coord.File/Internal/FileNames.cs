using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Coord.File.Internal;

/// <summary>
/// Turns any text (grain ids, state and provider names) into a file name that is valid and distinct on every file
/// system, case-insensitive ones included: lower-case ASCII letters, digits, '-', '_' and '.' stay; every other UTF-8
/// byte (upper-case letters too) is written <c>%XX</c>. Parts are joined by '~', which is escaped inside them, so the
/// mapping is injective and never yields "." or "..". A name longer than <see cref="MaxLength"/> keeps its first
/// characters and ends with '~' and the SHA-256 of the whole escaped name, <see cref="MaxLength"/> + 1 characters in all
/// (so it cannot equal a name used as is); files store their full key, so that a reader can check it.
/// </summary>
internal static class FileNames
{
    /// <summary>The longest name used as is; file systems allow 255 bytes.</summary>
    public const int MaxLength = 200;

    private const char Separator = '~';

    public static string For(params string[] parts) => Shorten(string.Join(Separator, parts.Select(Escape)));

    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string Shorten(string name)
    {
        if (name.Length <= MaxLength)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(name)));
        return $"{name[..(MaxLength - hash.Length)]}{Separator}{hash}";
    }
}

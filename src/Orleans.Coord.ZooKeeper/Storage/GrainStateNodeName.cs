using System.Text;

namespace Orleans.Coord.ZooKeeper.Storage;

/// <summary>
/// Turns a state name and a grain id into one valid ZooKeeper node name: <c>escape(stateName) + "~" + escape(grainId)</c>,
/// where escape keeps ASCII letters, digits, '-', '_' and '.', and writes every other UTF-8 byte as <c>%XX</c>. The
/// mapping is injective ('~' and '%' are always escaped inside the parts) and never yields "." or "..".
/// </summary>
internal static class GrainStateNodeName
{
    public const char Separator = '~';

    public static string For(string stateName, string grainId) => Escape(stateName) + Separator + Escape(grainId);

    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}

using Microsoft.AspNetCore.Http;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Orleans.Coord.Silo;

/// <summary>
/// A health report as plain text for people and probes: the overall status on the first line, then one line per check,
/// <c>name: Status (seconds) description</c>.
/// </summary>
internal static class HealthReportText
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder().Append(report.Status).Append('\n');
        foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append(": ").Append(entry.Status)
                .Append(System.Globalization.CultureInfo.InvariantCulture, $" ({entry.Duration.TotalSeconds:0.000} s)");
            if (entry.Description is { Length: > 0 } description)
            {
                text.Append(' ').Append(description.ReplaceLineEndings(" "));
            }

            text.Append('\n');
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString());
    }
}

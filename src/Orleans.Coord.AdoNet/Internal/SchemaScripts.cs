using System.Reflection;

namespace Orleans.Coord.AdoNet.Internal;

/// <summary>
/// The embedded SQL for one dialect: the schema batches (<c>Sql/&lt;Dialect&gt;/Schema.sql</c>) and the
/// Orleans named queries (<c>Sql/&lt;Dialect&gt;/Queries/&lt;QueryKey&gt;.sql</c>).
/// </summary>
internal sealed class SchemaScripts
{
    private static readonly Assembly ResourceAssembly = typeof(SchemaScripts).Assembly;

    private SchemaScripts(IReadOnlyList<string> schemaBatches, IReadOnlyDictionary<string, string> queries)
    {
        SchemaBatches = schemaBatches;
        Queries = queries;
    }

    /// <summary>DDL batches, in order.</summary>
    public IReadOnlyList<string> SchemaBatches { get; }

    /// <summary>Query key → query text (whole-line comments removed), ordered by key.</summary>
    public IReadOnlyDictionary<string, string> Queries { get; }

    public static SchemaScripts Load(AdoNetDialect dialect)
    {
        var folder = dialect switch
        {
            AdoNetDialect.PostgreSql => "PostgreSql",
            AdoNetDialect.MySql => "MySql",
            _ => throw AdoNetInvariants.UnknownDialect(dialect),
        };

        var schema = SqlBatchSplitter.Split(ReadResource($"{folder}/Schema.sql"));

        var queryPrefix = $"{folder}/Queries/";
        var queries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in ResourceAssembly.GetManifestResourceNames())
        {
            if (name.StartsWith(queryPrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            {
                var key = name[queryPrefix.Length..^".sql".Length];
                queries.Add(key, SqlBatchSplitter.StripLineComments(ReadResource(name)));
            }
        }

        return new SchemaScripts(schema, queries);
    }

    private static string ReadResource(string name)
    {
        using var stream = ResourceAssembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded SQL resource '{name}' is missing from {ResourceAssembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

using System.CommandLine;
using Orleans.Coord.Cli.Connection;
using Orleans.Coord.Cli.Output;
using Orleans.Coord.Client.Inspection;

namespace Orleans.Coord.Cli;

/// <summary>One running command: what was parsed, where it prints, and the connection it reads through.</summary>
internal sealed class Invocation(ParseResult parse, Printer printer, ClusterConnection connection)
{
    public ParseResult Parse { get; } = parse;

    public Printer Printer { get; } = printer;

    public ClusterConnection Connection { get; } = connection;

    public CoordinationInspector Inspector => Connection.Inspector;

    public T Value<T>(Argument<T> argument) => Parse.GetValue(argument)!;

    public T Value<T>(Option<T> option) => Parse.GetValue(option)!;
}

namespace Orleans.Coord.Cli;

/// <summary>The exit codes of <c>coord</c>, the same for every command.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The group, lock or election named does not exist (or nothing holds or waits for it).</summary>
    public const int NotFound = 1;

    /// <summary>The command line could not be parsed, or a name breaks the name rules.</summary>
    public const int Usage = 2;

    /// <summary>No silo answered: the cluster could not be reached or stopped answering.</summary>
    public const int CannotConnect = 3;

    /// <summary>The command was refused: breaking a lock that is free, or the operator did not confirm.</summary>
    public const int Refused = 4;
}

using Orleans.Coord.Chaos;

// The chaos suite's one program, by role: run (the runner), worker (a client worker process the runner starts),
// check FOLDER (the checker over a run's logs). See docs/testing.md.
try
{
    return args switch
    {
        ["run", .. var rest] => await new Runner(RunOptions.Parse(rest)).RunAsync(),
        ["worker", .. var rest] => await Worker.RunAsync(WorkerArguments.Parse(rest)),
        ["check", var folder] => Check(folder),
        _ => throw new ArgumentException("usage: Orleans.Coord.Chaos run [options] | check FOLDER | worker ...\n" + RunOptions.Usage, nameof(args)),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

static int Check(string folder)
{
    var report = Checker.Check(EventLog.ReadFolder(folder), Runner.SharedCounterValue(folder));
    report.Print(Console.Out);
    return report.Violations == 0 ? 0 : 1;
}

using Orleans.Coord.Cli;

return await CoordCommandLine.RunAsync(args);

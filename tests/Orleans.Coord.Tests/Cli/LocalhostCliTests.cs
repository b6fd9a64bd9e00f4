namespace Orleans.Coord.Tests.Cli;

/// <summary>The <c>coord</c> tool against a silo process on the localhost backend.</summary>
public sealed class LocalhostCliTests(LocalhostCliSilo silo) : CliTests(silo), IClassFixture<LocalhostCliSilo>;

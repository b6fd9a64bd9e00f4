using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Coord.Client;

namespace Orleans.Coord.Tests.Hosting;

/// <summary>
/// <see cref="HostedCoordinatorOptions"/> bound from configuration (a JSON file, environment variables, the command
/// line) and checked when the host starts: each bad value stops the start with one line naming the key and the limit.
/// </summary>
public sealed class HostedCoordinatorOptionsTests
{
    [Fact]
    public void Options_come_from_the_json_file_the_environment_and_the_command_line_in_that_order()
    {
        var folder = Directory.CreateTempSubdirectory("coord-options-");
        var variable = "Coordination__HeartbeatInterval";
        try
        {
            System.IO.File.WriteAllText(Path.Combine(folder.FullName, "appsettings.json"), """
                { "Coordination": { "MemberId": "from-json", "SessionTtl": "00:00:09", "HeartbeatInterval": "00:00:04", "OnSessionLost": "StopApplication" } }
                """);
            Environment.SetEnvironmentVariable(variable, "00:00:02");
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                ContentRootPath = folder.FullName,
                Args = ["--Coordination:CallTimeout=00:00:03", "--Coordination:MemberId", "from-args"],
            });
            builder.AddCoordinator();
            using var host = builder.Build();
            var options = host.Services.GetRequiredService<IOptions<HostedCoordinatorOptions>>().Value;

            Assert.Equal("from-args", options.MemberId);
            Assert.Equal(TimeSpan.FromSeconds(9), options.SessionTtl);
            Assert.Equal(TimeSpan.FromSeconds(2), options.HeartbeatInterval);
            Assert.Equal(TimeSpan.FromSeconds(3), options.CallTimeout);
            Assert.Equal(SessionLossPolicy.StopApplication, options.OnSessionLost);
            Assert.Same(host.Services.GetRequiredService<ICoordinator>(), host.Services.GetRequiredService<IHostedCoordinator>());
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_default_member_id_is_the_machine_and_the_process()
    {
        var options = new HostedCoordinatorOptions();
        Assert.Equal($"{Environment.MachineName}-{Environment.ProcessId}", options.EffectiveMemberId);
    }

    public static TheoryData<string, string, string> BadValues => new()
    {
        { "SessionTtl", "00:00:00.5", "Coordination:SessionTtl must be between 1 s and 10 min." },
        { "HeartbeatInterval", "00:00:10", "Coordination:HeartbeatInterval must be greater than zero and less than SessionTtl (5000 ms)." },
        { "CallTimeout", "00:00:00", "Coordination:CallTimeout must be greater than zero and less than 10 minutes (600000 ms)." },
        { "WatchResyncInterval", "02:00:00", "Coordination:WatchResyncInterval must be greater than zero and less than 1 hour (3600000 ms)." },
        { "StaleActivationRetries", "101", "Coordination:StaleActivationRetries must be 0 to 100." },
        { "MemberId", new string('m', 300), "Coordination:MemberId must be 1 to 256 characters long (got 300)." },
        { "Backend", "nosuch://x", "Coordination:Backend URL 'nosuch://x'" },
        { "MaxRestartDelay", "01:00:00", "Coordination:MaxRestartDelay must be greater than zero and less than 10 minutes" },
        { "RestartDelay", "00:01:00", "Coordination:RestartDelay must be greater than zero and less than MaxRestartDelay" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task A_bad_value_stops_the_host_start_with_one_line_naming_the_key_and_the_limit(string key, string value, string expected)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"Coordination:{key}"] = value });
        builder.AddCoordinator();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.StartsWith(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}

using System.Net;
using Orleans.Runtime;

namespace Orleans.Coord.Tests.Contracts;

/// <summary>Membership entries for membership table tests (the shape Orleans' own membership table tests use).</summary>
internal static class MembershipEntries
{
    private static int _generation;

    public static MembershipEntry Create(SiloStatus status = SiloStatus.Joining)
    {
        var silo = NewSiloAddress();
        var now = UtcNowSeconds();
        return new MembershipEntry
        {
            SiloAddress = silo,
            HostName = "test-host",
            SiloName = "TestSilo-" + silo.Generation,
            Status = status,
            ProxyPort = 30000 + silo.Generation % 1000,
            StartTime = now,
            IAmAliveTime = now,
            RoleName = "role",
            UpdateZone = 1,
            FaultZone = 2,
        };
    }

    public static SiloAddress NewSiloAddress() =>
        SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 12345), 100_000 + Interlocked.Increment(ref _generation));

    public static DateTime UtcNowSeconds()
    {
        var now = DateTime.UtcNow;
        return new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, DateTimeKind.Utc);
    }
}

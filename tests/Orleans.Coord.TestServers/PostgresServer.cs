using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Orleans.Coord.TestServers.Internal;

namespace Orleans.Coord.TestServers;

/// <summary>
/// A real PostgreSQL server (Debian package <c>postgresql</c>: <c>initdb</c> and <c>postgres</c> from
/// <c>/usr/lib/postgresql/&lt;version&gt;/bin</c>) on a free loopback port, with a fresh cluster in a temporary
/// folder (trust authentication; fsync and synchronous commit off unless <see cref="PostgresServerOptions.Durable"/>), its Unix socket in that folder, and a database <see cref="Database"/>
/// owned by role <see cref="UserName"/>. When the test process runs as root, initdb and postgres run as the
/// <c>postgres</c> system user (initdb refuses root) and the folder is handed to that user.
/// </summary>
public sealed partial class PostgresServer : TestServer
{
    /// <summary>The Debian package that provides the server binaries.</summary>
    public const string DebianPackage = "postgresql";

    /// <summary>The role the connection strings use.</summary>
    public const string UserName = "coord";

    /// <summary>That role's password (trust authentication accepts any password; it is part of the URL for realism).</summary>
    public const string Password = "coord-test-pw";

    /// <summary>The database created at start.</summary>
    public const string Database = "coord";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan InitDbTimeout = TimeSpan.FromSeconds(90);

    private readonly string binDirectory;
    private readonly string? runAs;
    private readonly PostgresServerOptions options;

    private PostgresServer(TempFolder folder, string binDirectory, string? runAs, PostgresServerOptions options)
        : base(folder)
    {
        this.binDirectory = binDirectory;
        this.runAs = runAs;
        this.options = options;
    }

    /// <summary>An Npgsql connection string for <see cref="Database"/> as <see cref="UserName"/> over TCP.</summary>
    public string ConnectionString => ConnectionStringFor(Database);

    /// <summary>The server as an Orleans.Coord backend URL, <c>postgresql://coord:password@127.0.0.1:port/coord</c>.</summary>
    public string Url => $"postgresql://{UserName}:{Password}@{Host}:{Port}/{Database}";

    private string DataDirectory => Path.Combine(Folder, "data");

    /// <summary>
    /// Starts a server: initdb, then postgres, waiting until it accepts connections (at most 30 s), then creates the role and database.
    /// </summary>
    /// <param name="cancellationToken">Cancels the start; the process is then stopped and its folder deleted.</param>
    /// <exception cref="ServerBinaryNotFoundException">initdb or postgres is not installed.</exception>
    /// <exception cref="ServerStartException">A step failed; the message holds the server's output.</exception>
    /// <param name="options">TLS and durability; null: neither.</param>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default, PostgresServerOptions? options = null)
    {
        var binDirectory = FindBinDirectory();
        string? runAs = null;
        UnixUser? owner = null;
        if (Unix.IsRoot)
        {
            owner = Unix.FindUser("postgres")
                ?? throw new ServerStartException("Running as root, but there is no 'postgres' system user to run PostgreSQL as (the Debian package 'postgresql' creates it).", string.Empty);
            runAs = owner.Name;
        }

        var server = new PostgresServer(new TempFolder("orleans-coord-pg", forOtherUser: owner is not null), binDirectory, runAs, options ?? new PostgresServerOptions());
        try
        {
            if (owner is not null)
            {
                Unix.ChangeOwner(server.Folder, owner);
            }

            await ServerProcess.RunToCompletionAsync(
                Path.Combine(binDirectory, "initdb"),
                ["-D", server.DataDirectory, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync"],
                server.Folder,
                runAs,
                InitDbTimeout,
                cancellationToken).ConfigureAwait(false);

            server.PrepareTls(owner);
            await server.StartProcessAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
            await server.ExecuteAsSuperuserAsync($"CREATE ROLE {UserName} LOGIN CREATEDB PASSWORD '{Password}'", cancellationToken).ConfigureAwait(false);
            await server.ExecuteAsSuperuserAsync($"CREATE DATABASE {Database} OWNER {UserName}", cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch (Exception e) when (e is not ServerStartException and not ServerBinaryNotFoundException and not OperationCanceledException)
        {
            var log = server.GetLog();
            await server.DisposeAsync().ConfigureAwait(false);
            throw new ServerStartException("PostgreSQL started but could not be prepared.", log, e);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>An Npgsql connection string for <paramref name="database"/> as <see cref="UserName"/> over TCP.</summary>
    /// <param name="database">A database name.</param>
    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Username = UserName,
        Password = Password,
        Database = database,
        Timeout = 5,
    }.ConnectionString;

    /// <summary>Creates another empty database owned by <see cref="UserName"/> and returns its connection string.</summary>
    /// <param name="name">1 to 63 characters: lower-case ASCII letters, digits and underscores, starting with a letter.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not of that form.</exception>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        if (name is null || !DatabaseName().IsMatch(name))
        {
            throw new ArgumentException("A database name must be 1 to 63 characters of a-z, 0-9 and _, starting with a letter.", nameof(name));
        }

        await ExecuteAsSuperuserAsync($"CREATE DATABASE {name} OWNER {UserName}", cancellationToken).ConfigureAwait(false);
        return ConnectionStringFor(name);
    }

    private protected override TimeSpan ReadyTimeout => StartTimeout;

    private protected override (string FileName, IReadOnlyList<string> Arguments, string? UserName, int StopSignal) Command(int port) =>
        (Path.Combine(binDirectory, "postgres"),
        [
            .. options.Tls is null ? Array.Empty<string>() : ["-c", "ssl=on", "-c", $"ssl_cert_file={TlsCertificatePath}", "-c", $"ssl_key_file={TlsKeyPath}"],
            "-D", DataDirectory,
            "-p", port.ToString(CultureInfo.InvariantCulture),
            "-k", Folder,
            "-c", "listen_addresses=127.0.0.1",
            .. options.Durable ? Array.Empty<string>() : ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
            "-c", "max_connections=200",
        ],
        runAs,
        Unix.SigInt); // SIGINT is PostgreSQL's "fast" shutdown: it does not wait for clients to disconnect.

    private string TlsCertificatePath => Path.Combine(Folder, "server.crt");

    private string TlsKeyPath => Path.Combine(Folder, "server.key");

    /// <summary>
    /// With TLS: the server's certificate and key (readable by the server's user alone, as PostgreSQL requires) and a
    /// pg_hba.conf that takes TCP connections over TLS only: the superuser's without a password (the fixture's own),
    /// every other user's with its password.
    /// </summary>
    private void PrepareTls(UnixUser? owner)
    {
        if (options.Tls is not { } tls)
        {
            return;
        }

        System.IO.File.Copy(tls.SiloCertificatePath, TlsCertificatePath);
        System.IO.File.Copy(tls.SiloKeyPath, TlsKeyPath);
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(TlsKeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        if (owner is not null)
        {
            Unix.ChangeOwner(TlsCertificatePath, owner);
            Unix.ChangeOwner(TlsKeyPath, owner);
        }

        System.IO.File.WriteAllText(
            Path.Combine(DataDirectory, "pg_hba.conf"),
            "local all all trust\nhostssl all postgres 127.0.0.1/32 trust\nhostssl all all 127.0.0.1/32 scram-sha-256\n");
    }

    private protected override async Task<bool> ProbeAsync(int port, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(SuperuserConnectionString(port));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task ExecuteAsSuperuserAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(SuperuserConnectionString(Port));
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private string SuperuserConnectionString(int port) => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = port,
        Username = "postgres",
        Database = "postgres",
        Pooling = false,
        Timeout = 2,
    }.ConnectionString;

    private static string FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        var versions = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => (Path: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1))
                .Where(d => System.IO.File.Exists(Path.Combine(d.Path, "postgres")) && System.IO.File.Exists(Path.Combine(d.Path, "initdb")))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Path)
                .ToArray()
            : [];
        if (versions.Length > 0)
        {
            return versions[0];
        }

        // Not the Debian layout: accept initdb and postgres found together elsewhere (PATH, /usr/bin, ...).
        var directory = Path.GetDirectoryName(ServerBinaries.Locate(DebianPackage, ["initdb"]))!;
        if (!System.IO.File.Exists(Path.Combine(directory, "postgres")))
        {
            throw new ServerBinaryNotFoundException("postgres", DebianPackage, [Path.Combine(root, "<version>", "bin", "postgres"), Path.Combine(directory, "postgres")]);
        }

        return directory;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}

using System.Globalization;
using System.Text.RegularExpressions;
using MySqlConnector;
using Orleans.Coord.TestServers.Internal;

namespace Orleans.Coord.TestServers;

/// <summary>
/// A real MariaDB server (Debian package <c>mariadb-server</c>: <c>mariadb-install-db</c> and <c>mariadbd</c>) on a
/// free loopback port, with a fresh data directory, socket, pid file and error log in a temporary folder, and with
/// grant tables in force: an init file creates database <see cref="Database"/> and user <see cref="UserName"/>
/// (password <see cref="Password"/>, all privileges). Configuration files are ignored (<c>--no-defaults</c>).
/// When the test process runs as root, the server runs as the <c>mysql</c> system user if it exists (else as root).
/// </summary>
public sealed partial class MariaDbServer : TestServer
{
    /// <summary>The Debian package that provides the server binaries.</summary>
    public const string DebianPackage = "mariadb-server";

    /// <summary>The user the connection strings use.</summary>
    public const string UserName = "coord";

    /// <summary>That user's password.</summary>
    public const string Password = "coord-test-pw";

    /// <summary>The database created at start.</summary>
    public const string Database = "coord";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromSeconds(90);

    // Small InnoDB files and relaxed flushing keep installation and start-up to a few seconds.
    private static readonly string[] TuningOptions =
    [
        "--innodb-log-file-size=8M",
        "--innodb-buffer-pool-size=32M",
        "--innodb-flush-log-at-trx-commit=0",
    ];

    private readonly string serverExecutable;
    private readonly string? userOption;
    private readonly MariaDbServerOptions options;

    private MariaDbServer(TempFolder folder, string serverExecutable, string? userOption, MariaDbServerOptions options)
        : base(folder)
    {
        this.serverExecutable = serverExecutable;
        this.userOption = userOption;
        this.options = options;
    }

    /// <summary>A MySqlConnector connection string for <see cref="Database"/> as <see cref="UserName"/> over TCP.</summary>
    public string ConnectionString => ConnectionStringFor(Database);

    /// <summary>The server as an Orleans.Coord backend URL, <c>mysql://coord:password@127.0.0.1:port/coord</c>.</summary>
    public string Url => $"mysql://{UserName}:{Password}@{Host}:{Port}/{Database}";

    private protected override string? LogFilePath => Path.Combine(Folder, "error.log");

    private string DataDirectory => Path.Combine(Folder, "data");

    /// <summary>
    /// Starts a server: mariadb-install-db, then mariadbd, waiting until <see cref="UserName"/> can connect (at most 40 s).
    /// </summary>
    /// <param name="cancellationToken">Cancels the start; the process is then stopped and its folder deleted.</param>
    /// <exception cref="ServerBinaryNotFoundException">mariadbd or mariadb-install-db is not installed.</exception>
    /// <exception cref="ServerStartException">A step failed; the message holds the server's log.</exception>
    /// <param name="options">TLS; null: none.</param>
    public static async Task<MariaDbServer> StartAsync(CancellationToken cancellationToken = default, MariaDbServerOptions? options = null)
    {
        var serverExecutable = ServerBinaries.Locate(DebianPackage, ["mariadbd", "mysqld"]);
        var installExecutable = ServerBinaries.Locate(DebianPackage, ["mariadb-install-db", "mysql_install_db"]);

        string? userOption = null;
        UnixUser? owner = null;
        if (Unix.IsRoot)
        {
            owner = Unix.FindUser("mysql");
            userOption = owner is null ? "--user=root" : "--user=mysql";
        }

        options ??= new MariaDbServerOptions();
        var server = new MariaDbServer(new TempFolder("orleans-coord-mariadb", forOtherUser: owner is not null), serverExecutable, userOption, options);
        try
        {
            await System.IO.File.WriteAllTextAsync(server.InitFilePath, InitSql(options.Tls is not null), cancellationToken).ConfigureAwait(false);
            if (options.Tls is { } tls)
            {
                System.IO.File.Copy(tls.SiloCertificatePath, server.TlsCertificatePath);
                System.IO.File.Copy(tls.SiloKeyPath, server.TlsKeyPath);
                System.IO.File.Copy(tls.CaPath, server.TlsCaPath);
            }

            if (owner is not null)
            {
                Unix.ChangeOwner(server.Folder, owner);
                Unix.ChangeOwner(server.InitFilePath, owner);
                foreach (var file in options.Tls is null ? [] : new[] { server.TlsCertificatePath, server.TlsKeyPath, server.TlsCaPath })
                {
                    Unix.ChangeOwner(file, owner);
                }
            }

            string[] installArguments =
            [
                "--no-defaults",
                $"--datadir={server.DataDirectory}",
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                "--skip-name-resolve",
                .. userOption is null ? Array.Empty<string>() : [userOption],
                .. TuningOptions,
            ];
            await ServerProcess.RunToCompletionAsync(installExecutable, installArguments, server.Folder, null, InstallTimeout, cancellationToken).ConfigureAwait(false);

            await server.StartProcessAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A MySqlConnector connection string for <paramref name="database"/> as <see cref="UserName"/> over TCP.</summary>
    /// <param name="database">A database name.</param>
    public string ConnectionStringFor(string database) => new MySqlConnectionStringBuilder
    {
        Server = Host,
        Port = (uint)Port,
        UserID = UserName,
        Password = Password,
        Database = database,
        ConnectionTimeout = 5,
    }.ConnectionString;

    /// <summary>Creates another empty database and returns its connection string.</summary>
    /// <param name="name">1 to 64 characters: lower-case ASCII letters, digits and underscores, starting with a letter.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not of that form.</exception>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        if (name is null || !DatabaseName().IsMatch(name))
        {
            throw new ArgumentException("A database name must be 1 to 64 characters of a-z, 0-9 and _, starting with a letter.", nameof(name));
        }

        await using var connection = new MySqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new MySqlCommand($"CREATE DATABASE {name} CHARACTER SET utf8mb4", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return ConnectionStringFor(name);
    }

    private string InitFilePath => Path.Combine(Folder, "init.sql");

    private string TlsCertificatePath => Path.Combine(Folder, "server.crt");

    private string TlsKeyPath => Path.Combine(Folder, "server.key");

    private string TlsCaPath => Path.Combine(Folder, "ca.crt");

    private protected override TimeSpan ReadyTimeout => StartTimeout;

    private protected override (string FileName, IReadOnlyList<string> Arguments, string? UserName, int StopSignal) Command(int port) =>
        (serverExecutable,
        [
            "--no-defaults",
            $"--datadir={DataDirectory}",
            $"--port={port.ToString(CultureInfo.InvariantCulture)}",
            "--bind-address=127.0.0.1",
            $"--socket={Path.Combine(Folder, "mysqld.sock")}",
            $"--pid-file={Path.Combine(Folder, "mysqld.pid")}",
            $"--log-error={LogFilePath}",
            $"--init-file={InitFilePath}",
            "--skip-name-resolve",
            "--skip-log-bin",
            "--character-set-server=utf8mb4",
            "--collation-server=utf8mb4_general_ci",
            "--max-connections=300",
            .. options.Tls is null ? Array.Empty<string>() : [$"--ssl-cert={TlsCertificatePath}", $"--ssl-key={TlsKeyPath}", $"--ssl-ca={TlsCaPath}"],
            .. userOption is null ? Array.Empty<string>() : [userOption],
            .. TuningOptions,
        ],
        null,
        Unix.SigTerm);

    private protected override async Task<bool> ProbeAsync(int port, CancellationToken cancellationToken)
    {
        var builder = new MySqlConnectionStringBuilder(ConnectionStringFor(Database)) { Port = (uint)port, Pooling = false, ConnectionTimeout = 2 };
        await using var connection = new MySqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    // Runs inside the server at start-up, with grant tables in force, so the user really has a password.
    private static string InitSql(bool requireTls) => $"""
        CREATE DATABASE IF NOT EXISTS {Database} CHARACTER SET utf8mb4;
        CREATE USER IF NOT EXISTS '{UserName}'@'127.0.0.1' IDENTIFIED BY '{Password}';
        CREATE USER IF NOT EXISTS '{UserName}'@'localhost' IDENTIFIED BY '{Password}';
        GRANT ALL PRIVILEGES ON *.* TO '{UserName}'@'127.0.0.1';
        GRANT ALL PRIVILEGES ON *.* TO '{UserName}'@'localhost';
        {(requireTls ? $"ALTER USER '{UserName}'@'127.0.0.1' REQUIRE SSL;\nALTER USER '{UserName}'@'localhost' REQUIRE SSL;" : "")}
        """;

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex DatabaseName();
}

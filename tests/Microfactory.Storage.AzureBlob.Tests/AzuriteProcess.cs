using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microfactory.Testing;

namespace Microfactory.Storage.AzureBlob.Tests;

/// <summary>
/// A real Azurite blob service: installed from tests/tools' lock file when missing, started on a free loopback port
/// with its data in a temp directory, killed (with the directory) on dispose. Shared by the test fixture and the benchmark.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly string _dataDirectory;
    private readonly Process _process;

    private AzuriteProcess(Process process, int port, int? tablePort, string dataDirectory)
    {
        _process = process;
        Port = port;
        TablePort = tablePort;
        _dataDirectory = dataDirectory;
    }

    /// <summary>Azurite's well-known account (published in Azurite's and Azure's documentation; not a secret).</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public int Port { get; }

    /// <summary>The Table service's port, when started with tables (Orleans membership and reminders); null otherwise.</summary>
    public int? TablePort { get; }

    /// <summary>CPU time Azurite itself has used (Node is single-threaded: one core at most).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public string ConnectionString => ConnectionStringFor(Port, TablePort);

    /// <summary>An explicit-endpoint connection string for Azurite's account on loopback ports (blob, and table when given).</summary>
    public static string ConnectionStringFor(int port, int? tablePort = null) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{port}/{AccountName};"
        + (tablePort is { } table ? $"TableEndpoint=http://127.0.0.1:{table}/{AccountName};" : "");

    /// <summary>
    /// How tests talk to Azurite: a short network timeout and few retries, so a stalled request fails the test in seconds
    /// rather than holding it for the SDK's 100 s per attempt; long enough for a 4 MiB block on a busy 2-core machine.
    /// </summary>
    public static readonly TimeSpan TestNetworkTimeout = TimeSpan.FromSeconds(10);

    public const int TestMaxRetries = 2;

    /// <summary>The <c>Store</c> configuration section for an app on this Azurite, with the tests' short timeout.</summary>
    public Dictionary<string, string?> StoreSettings(string container) => StoreSettings(ConnectionString, container);

    /// <summary>The <c>Store</c> configuration section for an app on <paramref name="connectionString"/>, with the tests' short timeout.</summary>
    public static Dictionary<string, string?> StoreSettings(string connectionString, string container) => new()
    {
        ["Store:Kind"] = "AzureBlob",
        ["Store:ConnectionString"] = connectionString,
        ["Store:Container"] = container,
        ["Store:NetworkTimeout"] = TestNetworkTimeout.ToString("c", CultureInfo.InvariantCulture),
        ["Store:MaxRetries"] = TestMaxRetries.ToString(CultureInfo.InvariantCulture),
    };

    /// <param name="inMemory">Keep blobs in Azurite's memory instead of files: faster, for benchmarks.</param>
    /// <param name="memoryLimitMegabytes">With <paramref name="inMemory"/>: the most blob content Azurite may hold.</param>
    /// <param name="tables">Also serve the Table service (Orleans' Azure Table membership and reminders) on a port of its own.</param>
    public static async Task<AzuriteProcess> StartAsync(bool inMemory = false, int memoryLimitMegabytes = 512, bool tables = false)
    {
        var tools = FindToolsDirectory();
        var executable = Path.Combine(tools, "node_modules", ".bin", tables ? "azurite" : "azurite-blob");
        if (!File.Exists(executable))
        {
            await RunAsync("npm", $"ci --prefix \"{tools}\" --no-audit --no-fund --loglevel=error", TimeSpan.FromMinutes(5));
        }

        var dataDirectory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "mf-azurite-" + Guid.NewGuid().ToString("N"))).FullName;
        var port = FreeLoopbackPort();
        int? tablePort = tables ? FreeLoopbackPort() : null;
        string[] arguments =
        [
            "--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture), "--skipApiVersionCheck", "--loose", "--silent",
            .. inMemory ? (string[])["--inMemoryPersistence", "--extentMemoryLimit", memoryLimitMegabytes.ToString(CultureInfo.InvariantCulture)] : ["--location", dataDirectory],
            // The full emulator also serves queues, which nothing here uses: a free port keeps it off Azurite's default.
            .. tablePort is { } table
                ? (string[])["--tableHost", "127.0.0.1", "--tablePort", table.ToString(CultureInfo.InvariantCulture), "--queueHost", "127.0.0.1", "--queuePort", FreeLoopbackPort().ToString(CultureInfo.InvariantCulture)]
                : [],
        ];
        var start = new ProcessStartInfo(executable, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var azurite = new AzuriteProcess(process, port, tablePort, dataDirectory);
        process.OutputDataReceived += (_, e) => azurite.Record(e.Data);
        process.ErrorDataReceived += (_, e) => azurite.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await Await.Until(async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before answering: {azurite.Output}");
                }

                return await AcceptsConnectionsAsync(port) && (tablePort is not { } table || await AcceptsConnectionsAsync(table));
            }, $"Azurite to listen on 127.0.0.1:{port}" + (tablePort is { } t ? $" (blob) and {t} (table)" : ""), TimeSpan.FromSeconds(30));
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }

        return azurite;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().Within("Azurite to exit after being killed");
        }

        _process.Dispose();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string FindToolsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var tools = Path.Combine(dir.FullName, "tests", "tools");
            if (File.Exists(Path.Combine(tools, "package-lock.json")))
            {
                return tools;
            }
        }

        throw new InvalidOperationException($"No tests/tools/package-lock.json above {AppContext.BaseDirectory}: cannot install Azurite.");
    }

    private static async Task RunAsync(string file, string arguments, TimeSpan timeout)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true })
            ?? throw new InvalidOperationException($"Could not start {file}.");
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().Within($"'{file} {arguments}'", timeout);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{file} {arguments}' failed with exit code {process.ExitCode}: {await errors}");
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microfactory.Storage.AzureBlob;
using Microfactory.Testing;

namespace Microfactory.Storage.AzureBlob.Tests;

/// <summary>
/// A real Azurite blob service for the collection: installed from tests/tools' lock file when missing, started on a
/// free loopback port with its data in a temp directory, and killed (with the directory) at the end.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private readonly StringBuilder _output = new();
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "mf-azurite-" + Guid.NewGuid().ToString("N"));
    private Process? _azurite;

    public int Port { get; private set; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={StorageConnectionString.DevelopmentAccountName};" +
        $"AccountKey={StorageConnectionString.DevelopmentAccountKey};BlobEndpoint=http://127.0.0.1:{Port}/{StorageConnectionString.DevelopmentAccountName};";

    /// <summary>A store on a container of its own, so tests never see each other's blobs.</summary>
    public AzureBlobStore NewStore(AzureBlobStoreOptions? options = null, Azure.Core.Pipeline.HttpPipelineTransport? transport = null, string? container = null)
    {
        options ??= new AzureBlobStoreOptions();
        options.Container = container ?? NewContainerName();
        return AzureBlobStore.FromConnectionString(ConnectionString, options, transport: transport);
    }

    public static string NewContainerName() => "t-" + Guid.NewGuid().ToString("N")[..20];

    public async Task InitializeAsync()
    {
        var tools = FindToolsDirectory();
        var azuriteBlob = Path.Combine(tools, "node_modules", ".bin", "azurite-blob");
        if (!File.Exists(azuriteBlob))
        {
            await RunAsync("npm", $"ci --prefix \"{tools}\" --no-audit --no-fund --loglevel=error", TimeSpan.FromMinutes(5));
        }

        Directory.CreateDirectory(_dataDirectory);
        Port = FreeLoopbackPort();
        var start = new ProcessStartInfo(azuriteBlob,
            ["--blobHost", "127.0.0.1", "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--location", _dataDirectory, "--skipApiVersionCheck", "--loose", "--silent"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _azurite = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {azuriteBlob}.");
        _azurite.OutputDataReceived += (_, e) => Record(e.Data);
        _azurite.ErrorDataReceived += (_, e) => Record(e.Data);
        _azurite.BeginOutputReadLine();
        _azurite.BeginErrorReadLine();

        await Await.Until(async () =>
        {
            if (_azurite.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_azurite.ExitCode} before answering: {Output}");
            }

            return await AcceptsConnectionsAsync(Port);
        }, $"Azurite to listen on 127.0.0.1:{Port}", TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        if (_azurite is { HasExited: false })
        {
            _azurite.Kill(entireProcessTree: true);
            await _azurite.WaitForExitAsync().Within("Azurite to exit after being killed");
        }

        _azurite?.Dispose();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
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

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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

// Not parallel with other collections: the large-artifact test measures this process's allocations.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}

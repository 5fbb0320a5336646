using System.Diagnostics;
using System.Globalization;
using Microfactory.Grpc.Client;
using Microfactory.Testing;

namespace Microfactory.Grpc.Tests.Support;

/// <summary>The Python grpcio TestService server as a subprocess on a free loopback port, killed at the end.</summary>
public sealed class PythonServerFixture : IAsyncLifetime
{
    private Process? _process;

    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _process = await PythonPeer.StartAsync("interop_server.py", "--port", "0");
        var stderr = _process.StandardError.ReadToEndAsync();
        var line = await _process.StandardOutput.ReadLineAsync().Within("the Python interop server to print LISTENING <port>");
        if (line is null || !line.StartsWith("LISTENING ", StringComparison.Ordinal))
        {
            await _process.WaitForExitAsync().Within("the failed Python server to exit");
            throw new InvalidOperationException($"Python interop server did not start ({PythonPeer.Describe(_process)}): {line} {await stderr}");
        }

        var port = int.Parse(line["LISTENING ".Length..], CultureInfo.InvariantCulture);
        Address = new Uri($"http://127.0.0.1:{port}");
    }

    public GrpcChannel CreateChannel(GrpcChannelOptions? options = null) => GrpcChannel.ForAddress(Address, options);

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().Within("the Python interop server to exit after kill");
        }

        _process?.Dispose();
    }
}

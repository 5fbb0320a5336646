using System.Net;
using Microfactory.Grpc.Client;
using Microfactory.Grpc.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microfactory.Testing;

namespace Microfactory.Grpc.Tests.Support;

/// <summary>Our gRPC server on Kestrel, on a free loopback port, serving the interop TestService and the probes.</summary>
public sealed class OurServerFixture : IAsyncLifetime
{
    private WebApplication? _app;

    internal ProbeService Probes { get; } = new();

    public Uri Address { get; private set; } = null!;

    public Task InitializeAsync() => StartAsync(new GrpcKestrelOptions());

    public async Task StartAsync(GrpcKestrelOptions kestrel, ILoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        }

        if (Environment.GetEnvironmentVariable("MF_GRPC_TEST_LOGS") is not null)
        {
            builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Debug);
        }
        builder.Services.AddGrpcServer(o => o.MaxReceiveMessageSize = o.MaxSendMessageSize = 4 * 1024 * 1024);
        builder.WebHost.ConfigureKestrel(k => k.ListenGrpc(new IPEndPoint(IPAddress.Loopback, 0), kestrel));
        _app = builder.Build();
        InteropTestService.Map(_app);
        Probes.Map(_app);
        await _app.StartAsync().Within("our gRPC test server to start");
        var bound = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Address = new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    public GrpcChannel CreateChannel(GrpcChannelOptions? options = null) => GrpcChannel.ForAddress(Address, options);

    /// <summary>Stops the server without a grace period: open calls are cut off, as when the host crashes.</summary>
    public Task StopAbruptlyAsync() => _app!.StopAsync(new CancellationToken(canceled: true)).Within("our gRPC test server to stop abruptly");

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().Within("our gRPC test server to stop");
            await _app.DisposeAsync().AsTask().Within("our gRPC test server to be disposed");
        }
    }
}

using System.Net;
using System.Net.Sockets;

namespace Microfactory.Cluster.Tests.Support;

/// <summary>
/// What a site agent dials: a TCP load balancer on loopback, as a Kubernetes Service or compose's proxy is. Each new
/// connection goes to the first silo in this agent's preference order that accepts it, so the test decides which silo
/// holds which agent's stream, and an agent whose silo died lands on a survivor when it reconnects by itself.
/// </summary>
public sealed class AgentBalancer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IReadOnlyList<Uri> _silos;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public AgentBalancer(IReadOnlyList<Uri> silosInPreferenceOrder)
    {
        _silos = silosInPreferenceOrder;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _accepting = AcceptAsync();
    }

    public Uri Url { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using (client)
        {
            foreach (var silo in _silos)
            {
                using var backend = new TcpClient();
                try
                {
                    await backend.ConnectAsync(silo.Host, silo.Port, _stop.Token);
                }
                catch (SocketException)
                {
                    continue; // that silo is down: the next one
                }

                using var ends = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var up = client.GetStream().CopyToAsync(backend.GetStream(), ends.Token);
                var down = backend.GetStream().CopyToAsync(client.GetStream(), ends.Token);
                await Task.WhenAny(up, down); // never throws: one direction ended
                await ends.CancelAsync();
                await Task.WhenAll(up, down).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                return;
            }
        }
    }
}

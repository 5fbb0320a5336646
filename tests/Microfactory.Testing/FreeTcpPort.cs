using System.Net;
using System.Net.Sockets;

namespace Microfactory.Testing;

/// <summary>A loopback port nobody listens on right now, for servers that must be told their port up front.</summary>
public static class FreeTcpPort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

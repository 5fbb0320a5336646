using System.Net;
using System.Net.Sockets;
using Microfactory.Orchestrator.AgentLink;
using Orleans.Configuration;

namespace Microfactory.Orchestrator.Hosting;

/// <summary>
/// Finds, before anything starts, a port this process is configured to listen on that another process already holds,
/// so start-up stops with one line naming the port and the setting that moves it instead of a bind stack trace.
/// </summary>
public sealed class BusyPorts(IReadOnlyList<IPEndPoint> rest, IConfiguration configuration)
{
    /// <summary>The first busy port as a sentence for the operator, or null when every port is free.</summary>
    public string? FirstBusy()
    {
        foreach (var (endpoint, setting) in Endpoints())
        {
            if (endpoint.Port != 0 && !Free(endpoint))
            {
                return $"Port {endpoint.Port} on {endpoint.Address} is already in use by another process: stop it or choose another port with {setting}.";
            }
        }

        return null;
    }

    private IEnumerable<(IPEndPoint Endpoint, string Setting)> Endpoints()
    {
        foreach (var endpoint in rest)
        {
            yield return (endpoint, "Urls (--urls, ASPNETCORE_URLS)");
        }

        var link = configuration.GetSection(AgentLinkOptions.Section).Get<AgentLinkOptions>() ?? new AgentLinkOptions();
        if (IPAddress.TryParse(link.Address, out var linkAddress))
        {
            yield return (new IPEndPoint(linkAddress, link.Port), "AgentLink:Port (AgentLink__Port)");
        }

        // The embedded silo listens on loopback; a cluster's silo on every address.
        var silo = configuration.GetSection(SiloSetup.Section).GetSection("Clustering").Exists() ? IPAddress.Any : IPAddress.Loopback;
        var orleans = configuration.GetSection(SiloSetup.Section);
        yield return (new IPEndPoint(silo, orleans.GetValue("Endpoints:SiloPort", EndpointOptions.DEFAULT_SILO_PORT)), "Orleans:Endpoints:SiloPort (Orleans__Endpoints__SiloPort)");
        yield return (new IPEndPoint(silo, orleans.GetValue("Endpoints:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT)), "Orleans:Endpoints:GatewayPort (Orleans__Endpoints__GatewayPort)");
    }

    private static bool Free(IPEndPoint endpoint)
    {
        try
        {
            var probe = new TcpListener(endpoint);
            probe.Start();
            probe.Stop();
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return false;
        }
    }
}

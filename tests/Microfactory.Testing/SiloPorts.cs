using System.Globalization;

namespace Microfactory.Testing;

/// <summary>
/// Free loopback ports for one orchestrator's Orleans silo. Every orchestrator a test starts needs its own: tests
/// run in parallel on one machine, and two silos sharing a port would take each other's messages.
/// </summary>
public static class SiloPorts
{
    /// <summary>As configuration keys (Orleans binds its endpoints from <c>Orleans:Endpoints</c>).</summary>
    public static Dictionary<string, string?> Settings() => new()
    {
        ["Orleans:Endpoints:SiloPort"] = FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture),
        ["Orleans:Endpoints:GatewayPort"] = FreeTcpPort.Next().ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>As environment variables, for an orchestrator process.</summary>
    public static Dictionary<string, string> Environment() =>
        Settings().ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
}

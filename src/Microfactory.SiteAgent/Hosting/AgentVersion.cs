using System.Reflection;

namespace Microfactory.SiteAgent.Hosting;

/// <summary>The agent software's version, as Hello reports it.</summary>
public static class AgentVersion
{
    public static string Current { get; } =
        typeof(AgentVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}

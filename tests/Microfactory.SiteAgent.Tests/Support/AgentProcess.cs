namespace Microfactory.SiteAgent.Tests.Support;

/// <summary>The built agent as a process: the same dotnet host that runs the tests, and the agent's dll next to them.</summary>
internal static class AgentProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "Microfactory.SiteAgent.dll");

    public static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host
            ? host
            : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "/usr/bin/dotnet";
}

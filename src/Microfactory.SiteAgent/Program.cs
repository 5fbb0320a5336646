using Microfactory.SiteAgent.Hosting;
using Microfactory.SiteAgent.Operations;
using Microfactory.Telemetry;
using Microsoft.Extensions.Hosting;

// A technician's command (status, confirm, reset) talks to the agent already running on this box.
if (AgentCommandLine.Handles(args))
{
    return await AgentCommandLine.RunAsync(args, Console.Out, Console.Error);
}

var builder = Host.CreateApplicationBuilder(args);
builder.AddMicrofactoryTelemetry("microfactory-site-agent", [AgentDiagnostics.Name], [AgentDiagnostics.Name]);
builder.Services.AddSiteAgent();
using var host = builder.Build();
return await ConfigurationErrorExit.RunAsync(host, Console.Error);

/// <summary>The worker entry point; internal, so hosts that reference the agent (the demo) keep one public Program.</summary>
internal partial class Program;

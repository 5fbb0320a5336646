using Microfactory.SiteAgent.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microfactory.SiteAgent.Hosting;

/// <summary>
/// Runs a site agent inside another process (the orchestrator's demo hosts many): the same services as
/// Program.cs, configured from an <see cref="AgentOptions"/> instead of appsettings and the environment.
/// </summary>
public static class SiteAgentHost
{
    /// <summary>Starts an agent; dispose the result to stop it. Bad options throw <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> naming the keys.</summary>
    public static async Task<RunningSiteAgent> StartAsync(AgentOptions options, ILoggerFactory loggerFactory, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Production });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddSingleton(time);
        builder.Services.AddSiteAgent();

        // After AddSiteAgent's binding (which finds no configuration here), so these values win.
        builder.Services.Configure<AgentOptions>(bound => CopyInto(options, bound));
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new RunningSiteAgent(host);
    }

    private static void CopyInto(AgentOptions from, AgentOptions to)
    {
        to.OrchestratorUrl = from.OrchestratorUrl;
        to.SiteId = from.SiteId;
        to.Credential = from.Credential;
        to.EnrolmentToken = from.EnrolmentToken;
        to.Cells = from.Cells;
        to.StateDirectory = from.StateDirectory;
        to.WelcomeTimeout = from.WelcomeTimeout;
        to.ProgressInterval = from.ProgressInterval;
        to.Designs = from.Designs;
        to.Local = from.Local;
    }
}

/// <summary>A site agent started by <see cref="SiteAgentHost.StartAsync"/>.</summary>
public sealed class RunningSiteAgent(IHost host) : IAsyncDisposable
{
    /// <summary>The agent's services (its <c>CellDrivers</c>, <c>JobBook</c>, ...), for demos and tests.</summary>
    public IServiceProvider Services => host.Services;

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync().ConfigureAwait(false);
        host.Dispose();
    }
}

using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Drivers;
using Microfactory.SiteAgent.Link;
using Microfactory.SiteAgent.Modbus;
using Microfactory.SiteAgent.Operations;
using Microsoft.Extensions.Logging;
using Microfactory.SiteAgent.State;
using Microfactory.SiteAgent.Simulation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microfactory.SiteAgent.Hosting;

public static class SiteAgentServiceCollectionExtensions
{
    /// <summary>
    /// The agent's options (section <c>Agent</c>, checked at start: bad configuration stops the host with a
    /// message naming the key), the cell-driver kinds, the site's cells, the host that brings them up, the durable job book and the orchestrator link.
    /// </summary>
    public static IServiceCollection AddSiteAgent(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AgentOptions>()
            .BindConfiguration(AgentOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) =>
                options.Cells = CellOptionsBinder.BindEach(configuration.GetSection($"{AgentOptions.SectionName}:Cells")))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>();
        services.AddSingleton<ICellDriverFactory, SimulatedCellDriverFactory>();
        services.AddSingleton<ICellDriverFactory, ModbusCellDriverFactory>();
        services.AddSingleton<ICellDriverFactory, Mqtt.MqttCellDriverFactory>();
        services.AddSingleton<CellDrivers>();
        services.AddHostedService<CellDriverHost>();
        services.TryAddSingleton(_ => new ReconnectBackoff(Random.Shared));
        services.AddSingleton(sp =>
        {
            var agent = sp.GetRequiredService<IOptions<AgentOptions>>().Value;
            return new JobBook(
                new AgentStateStore(agent.ResolveStateDirectory()),
                sp.GetRequiredService<TimeProvider>(),
                agent.Cells.Where(c => c.OperatorGate).Select(c => c.Id));
        });
        services.AddSingleton(sp => new LinkGate(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<JobBook>().LostAfter));
        services.AddSingleton<AgentLinkClient>();
        services.AddHostedService(sp => sp.GetRequiredService<AgentLinkClient>());
        services.AddSingleton<LinkProblems>();
        services.AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<LinkProblems>());
        services.AddSingleton<LocalEndpoint>();
        services.AddHostedService(sp => sp.GetRequiredService<LocalEndpoint>());
        return services;
    }
}

using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Drivers;
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
    /// message naming the key), the cell-driver kinds, the site's cells and the host that brings them up.
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
        services.AddSingleton<CellDrivers>();
        services.AddHostedService<CellDriverHost>();
        return services;
    }
}

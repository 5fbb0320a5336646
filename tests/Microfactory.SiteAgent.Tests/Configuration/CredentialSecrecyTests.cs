using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Drivers;
using Microfactory.SiteAgent.Hosting;
using Microfactory.SiteAgent.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microfactory.SiteAgent.Tests.Configuration;

public sealed class CredentialSecrecyTests
{
    [Fact]
    public async Task Starting_running_and_stopping_never_logs_the_credential()
    {
        var logs = new CapturedLogs();
        using var host = AgentHosts.Build(AgentHosts.ValidConfiguration(), logs);

        await host.StartAsync().Within("the agent host to start");
        var cells = host.Services.GetRequiredService<CellDrivers>();
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        await cells.Get("cnc-1").RunJobAsync(new CellJob("job-1", "order-1", "bracket-a@1.0.0", 1), null, cancel.Token).Within("a cancelled job");
        await host.StopAsync().Within("the agent host to stop");

        Assert.Contains(logs.Entries, e => e.Contains("site osaka-01", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.Contains("Cell cnc-1 (simulated) ready", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Contains(AgentHosts.Credential, StringComparison.Ordinal));
    }

    [Fact]
    public void The_options_object_does_not_show_the_credential()
    {
        using var host = AgentHosts.Build(AgentHosts.ValidConfiguration());

        var options = host.Services.GetRequiredService<IOptions<AgentOptions>>().Value;

        Assert.Equal(AgentHosts.Credential, options.Credential);
        Assert.DoesNotContain(AgentHosts.Credential, options.ToString(), StringComparison.Ordinal);
    }
}

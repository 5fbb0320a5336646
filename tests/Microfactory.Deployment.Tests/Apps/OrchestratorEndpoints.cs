using Microfactory.Orchestrator.AgentLink;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Microfactory.Deployment.Tests.Apps;

/// <summary>The ports and addresses the orchestrator listens on under a configuration, read the way AgentLinkSetup reads them.</summary>
public sealed record OrchestratorEndpoints(string HttpHost, int HttpPort, string GrpcAddress, int GrpcPort)
{
    public static OrchestratorEndpoints From(IConfiguration configuration)
    {
        var urls = configuration[WebHostDefaults.ServerUrlsKey]
            ?? throw new InvalidDataException("The orchestrator's configuration has no Urls, so it would listen on no API port.");
        var api = BindingAddress.Parse(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Single());
        var link = configuration.GetSection(AgentLinkOptions.Section).Get<AgentLinkOptions>() ?? new AgentLinkOptions();
        return new OrchestratorEndpoints(api.Host, api.Port, link.Address, link.Port);
    }

    /// <summary>Whether both endpoints accept connections from outside the container.</summary>
    public bool ListensOnAllInterfaces => HttpHost is "0.0.0.0" or "*" or "+" && GrpcAddress == "0.0.0.0";
}

using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microfactory.Contracts.Agent.V1;
using Microfactory.Grpc.Server;
using Microfactory.Orchestrator.Designs;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Microfactory.Orchestrator.AgentLink;

public static class AgentLinkSetup
{
    public static WebApplicationBuilder AddAgentLink(this WebApplicationBuilder builder)
    {
        builder.Services.AddGrpcServer();
        builder.Services.AddOptions<AgentLinkOptions>().BindConfiguration(AgentLinkOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SiteCredentialOptions>().BindConfiguration(SiteCredentialOptions.Section)
            .Validate(o => o.Credentials.Values.All(c => c.Length >= SiteCredentials.MinimumLength),
                $"Agents:Credentials: every site credential must be at least {SiteCredentials.MinimumLength} characters.")
            .Validate(o => o.Credentials.Values.Distinct().Count() == o.Credentials.Count,
                "Agents:Credentials: two sites share a credential; each site needs its own.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SiteCredentials>();
        builder.Services.AddSingleton<AgentConnectHandler>();
        builder.Services.AddOptions<DesignBundleOptions>().BindConfiguration(DesignBundleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ArtifactStore>();
        builder.Services.AddSingleton<DownloadArtifactHandler>();

        // Listening on the agent port in code means Kestrel ignores "Urls", so the API endpoints are bound here too.
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var urls = context.Configuration["Urls"] ?? "http://127.0.0.1:5080";
            foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var address = BindingAddress.Parse(url);
                var ip = address.Host is "*" or "+" or "0.0.0.0" ? IPAddress.Any
                    : address.Host == "localhost" ? IPAddress.Loopback
                    : IPAddress.Parse(address.Host);
                kestrel.Listen(ip, address.Port);
            }

            var link = context.Configuration.GetSection(AgentLinkOptions.Section).Get<AgentLinkOptions>() ?? new AgentLinkOptions();
            kestrel.ListenGrpc(new IPEndPoint(IPAddress.Parse(link.Address), link.Port), new GrpcKestrelOptions
            {
                KeepAlivePingDelay = link.KeepAlivePingDelay,
                Certificate = link.CertificatePath is { } cert ? X509Certificate2.CreateFromPemFile(cert, link.CertificateKeyPath) : null,
            });
        });
        return builder;
    }

    public static WebApplication MapAgentLink(this WebApplication app)
    {
        var handler = app.Services.GetRequiredService<AgentConnectHandler>();
        app.MapGrpcDuplexStreaming(AgentLinkMethods.Connect, handler.HandleAsync);
        app.MapGrpcServerStreaming(AgentLinkMethods.DownloadArtifact, app.Services.GetRequiredService<DownloadArtifactHandler>().HandleAsync);
        return app;
    }
}

using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grpc.AspNetCore.HealthChecks;
using Grpc.AspNetCore.Server;
using Microfactory.Orchestrator.Designs;
using Microfactory.Orchestrator.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Microfactory.Orchestrator.AgentLink;

public static class AgentLinkSetup
{
    /// <summary>The health-check tag whose checks decide gRPC health (the same ones that decide readiness).</summary>
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddAgentLink(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AgentLinkOptions>().BindConfiguration(AgentLinkOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SiteCredentialOptions>().BindConfiguration(SiteCredentialOptions.Section)
            .Validate(o => o.Credentials.Values.All(c => c.Length >= SiteCredentials.MinimumLength),
                $"Agents:Credentials: every site credential must be at least {SiteCredentials.MinimumLength} characters.")
            .Validate(o => o.Credentials.Values.Distinct().Count() == o.Credentials.Count,
                "Agents:Credentials: two sites share a credential; each site needs its own.")
            .Validate(o => o.EnrolmentTokenLifetime >= SiteCredentialOptions.MinTokenLifetime && o.EnrolmentTokenLifetime <= SiteCredentialOptions.MaxTokenLifetime,
                "Agents:EnrolmentTokenLifetime must be at least 00:01:00 and at most 1.00:00:00 (24 hours).")
            .Validate(o => o.RotationGrace >= TimeSpan.Zero && o.RotationGrace <= SiteCredentialOptions.MaxRotationGrace,
                "Agents:RotationGrace must be at least 00:00:00 and at most 30.00:00:00 (30 days).")
            .ValidateOnStart();
        services.AddSingleton<SiteCredentials>();
        services.AddSingleton<AgentConnectHandler>();
        services.AddOptions<DesignBundleOptions>().BindConfiguration(DesignBundleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ArtifactStore>();
        services.AddSingleton<DownloadArtifactHandler>();

        // Both hold no per-call state: one instance each, instead of one per call activated by Grpc.AspNetCore.
        services.AddSingleton<AgentLinkService>();
        services.AddSingleton<SiteCredentialInterceptor>();
        services.AddSingleton<EnrolmentService>();

        // The credential interceptor goes on AgentLink only: Enrolment's one call is how an agent without a credential gets one.
        // Exception text stays on the server (EnableDetailedErrors off): it can hold paths or connection strings.
        // IgnoreUnknownServices drops Grpc.AspNetCore's "{service}/{method}" catch-all: it would otherwise take any
        // two-segment POST, so "POST /api/orders" without JSON got a 404 (or, as application/grpc, a gRPC answer)
        // instead of the API's 415. A gRPC client calling an unknown service still sees UNIMPLEMENTED (HTTP 404).
        services.AddGrpc(o =>
            {
                o.EnableDetailedErrors = false;
                o.IgnoreUnknownServices = true;
            })
            .AddServiceOptions<AgentLinkService>(o => o.Interceptors.Add<SiteCredentialInterceptor>());
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<AgentLinkOptions>>((grpc, link) =>
        {
            grpc.MaxReceiveMessageSize = link.Value.MaxReceiveMessageBytes;
            grpc.MaxSendMessageSize = link.Value.MaxSendMessageBytes;
        });
        services.AddGrpcReflection();

        // grpc.health.v1.Health answers from the readiness checks (the store), for the whole server ("") and for AgentLink.
        services.AddGrpcHealthChecks();
        services.Configure<GrpcHealthChecksOptions>(o =>
        {
            o.Services.Map("", r => r.Tags.Contains(ReadyTag));
            o.Services.Map(Contracts.Agent.V1.AgentLink.Descriptor.FullName, r => r.Tags.Contains(ReadyTag));
        });

        // Listening on the agent port in code means Kestrel would ignore the standard URL settings and warn "Overriding
        // address(es)" on every start; so the REST endpoints they name are bound here too, and the settings are then
        // cleared so Kestrel has nothing to override.
        var api = RestEndpoints.From(builder.Configuration);
        RestEndpoints.Clear(builder.WebHost);
        services.AddSingleton(sp => new BusyPorts(api, sp.GetRequiredService<IConfiguration>()));
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            foreach (var endpoint in api)
            {
                kestrel.Listen(endpoint);
            }

            var link = context.Configuration.GetSection(AgentLinkOptions.Section).Get<AgentLinkOptions>() ?? new AgentLinkOptions();
            kestrel.Limits.Http2.KeepAlivePingDelay = link.KeepAlivePingDelay;
            kestrel.Limits.Http2.KeepAlivePingTimeout = link.KeepAlivePingTimeout;
            kestrel.Listen(new IPEndPoint(IPAddress.Parse(link.Address), link.Port), listen =>
            {
                // HTTP/2 only: without TLS there is no ALPN, and an HTTP/1-and-2 endpoint would serve HTTP/1.1, which gRPC cannot use.
                listen.Protocols = HttpProtocols.Http2;
                if (link.CertificatePath is { } certificate)
                {
                    listen.UseHttps(X509Certificate2.CreateFromPemFile(certificate, link.CertificateKeyPath));
                }
            });
        });
        return builder;
    }

    public static WebApplication MapAgentLink(this WebApplication app)
    {
        app.MapGrpcService<AgentLinkService>();
        app.MapGrpcService<EnrolmentService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}

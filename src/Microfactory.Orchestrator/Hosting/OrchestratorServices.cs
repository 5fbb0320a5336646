using System.Text.Json.Serialization;
using Microfactory.Network;
using Microfactory.Storage.Configuration;
using Microfactory.Orchestrator.AgentLink;
using Microfactory.Orchestrator.Api;
using Microfactory.Orchestrator.Auth;
using Microfactory.Orchestrator.Errors;
using Microfactory.Telemetry;
using Microfactory.WebConsole;

namespace Microfactory.Orchestrator.Hosting;

public static class OrchestratorServices
{
    public static WebApplicationBuilder AddOrchestrator(this WebApplicationBuilder builder)
    {
        builder.AddMicrofactoryTelemetry("microfactory-orchestrator", OrchestratorTelemetry.Sources, OrchestratorTelemetry.Meters);
        builder.AddSilo();
        builder.AddAgentLink();
        builder.AddWebConsole();
        var services = builder.Services;
        services.AddBlobStore();
        services.AddMicrofactoryNetwork();
        services.AddApiKeyAuth();
        services.AddConsoleSignIn();
        services.AddProblemDetails();
        services.AddExceptionHandler<DomainExceptionHandler>();
        services.AddOpenApi();
        services.AddSingleton<CityLoadQuery>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });

        // Outside Development, minimal APIs answer an unreadable body with a bare 400 and no reason; throwing
        // instead lets DomainExceptionHandler say what is wrong (bad JSON, wrong type, which field) in every environment.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return builder;
    }

    public static WebApplication UseOrchestrator(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapOpenApi().AllowAnonymous();
        app.MapHealthEndpoints();
        var api = app.MapGroup("/api").RequireAuthorization(AuthExtensions.PlannerPolicy);
        api.MapCityEndpoints();
        api.MapSiteEndpoints();
        api.MapDesignEndpoints();
        api.MapOrderEndpoints();
        api.MapRolloutEndpoints();
        api.MapPlanEndpoints();
        api.MapLoadEndpoints();
        app.MapAgentLink();
        app.MapWebConsole(typeof(Program).Assembly); // the web console owns "/"
        app.MapSiloDashboard(AuthExtensions.AdminPolicy);
        return app;
    }
}

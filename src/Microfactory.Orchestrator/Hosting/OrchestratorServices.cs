using System.Text.Json.Serialization;
using Microfactory.Network;
using Microfactory.Storage.Configuration;
using Microfactory.Orchestrator.AgentLink;
using Microfactory.Orchestrator.Api;
using Microfactory.Orchestrator.Api.Json;
using Microfactory.Orchestrator.Api.OpenApi;
using Microfactory.Orchestrator.Api.Validation;
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
        services.AddApiProblemDetails();
        services.AddExceptionHandler<DomainExceptionHandler>();
        services.AddApiDocument();
        services.AddSingleton<CityLoadQuery>();
        services.AddOptions<HostOptions>().BindConfiguration(ShutdownReport.Section);
        services.AddHostedService<ShutdownReport>();
        services.ConfigureHttpJsonOptions(o =>
        {
            // Enums by one name only ("priority": 7 or "High, Low" is refused), numbers as JSON numbers only
            // ("quantity": "5" is refused), so the OpenAPI document can say quantity is an integer and mean it.
            o.SerializerOptions.Converters.Add(new NamedEnumConverter());
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
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
        app.UseRequestBodyRules();

        app.MapApiDocument();
        app.MapHealthEndpoints();
        var api = app.MapGroup("/api").RequireAuthorization(AuthExtensions.PlannerPolicy).ValidateRequests();
        api.MapCityEndpoints();
        api.MapSiteEndpoints();
        api.MapSiteCredentialEndpoints();
        api.MapCellOperationEndpoints();
        api.MapDesignEndpoints();
        api.MapOrderEndpoints();
        api.MapRolloutEndpoints();
        api.MapPlanEndpoints();
        api.MapLoadEndpoints();
        api.MapKpiEndpoints();
        app.MapAgentLink();
        app.MapWebConsole(typeof(Program).Assembly); // the web console owns "/"
        app.MapSiloDashboard(AuthExtensions.AdminPolicy);
        return app;
    }
}

using Microfactory.Orchestrator.Demo;
using Microfactory.Orchestrator.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddOrchestrator();
builder.AddDemoIfAsked(args);

var app = builder.Build();
app.UseOrchestrator();
if (app.Services.GetRequiredService<BusyPorts>().FirstBusy() is { } busy)
{
    await Console.Error.WriteLineAsync(busy);
    return 1;
}

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;

using Microfactory.Orchestrator.Demo;
using Microfactory.Orchestrator.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddOrchestrator();
builder.AddDemoIfAsked(args);

var app = builder.Build();
app.UseOrchestrator();
await app.RunAsync();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;

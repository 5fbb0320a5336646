using Microfactory.SiteAgent.Hosting;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSiteAgent();
using var host = builder.Build();
return await ConfigurationErrorExit.RunAsync(host, Console.Error);

# The orchestrator image. Build from the repository root:
#   docker build -f deploy/orchestrator.Dockerfile -t microfactory/orchestrator .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# global.json is left out on purpose: it pins the SDK feature band of the dev machines, and the sdk:10.0 image may
# carry another one; the build props and central package versions are what make the build reproducible.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
RUN dotnet publish src/Microfactory.Orchestrator/Microfactory.Orchestrator.csproj -c Release -o /app/publish -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app/publish ./
# Inside a container both endpoints must listen on every interface; the app's defaults are loopback only.
ENV Urls=http://0.0.0.0:5080 \
    AgentLink__Address=0.0.0.0 \
    AgentLink__Port=5081
EXPOSE 5080 5081
# The image has bash but no curl: a raw HTTP/1.0 request to /healthz is enough to prove the process serves.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/5080 && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
USER $APP_UID
ENTRYPOINT ["dotnet", "Microfactory.Orchestrator.dll"]

# edupkg for CI runners without Node.js (GitLab, Jenkins agents, ...):
#   docker build -t edupkg .
#   docker run --rm -v "$PWD:/work" edupkg validate packages/* --format junit > edupkg-junit.xml
# The image holds exactly what `npm install -g edupkg-x.y.z.tgz` installs from this checkout.
FROM node:22-bookworm-slim AS build
# better-sqlite3 (the sandbox's database) compiles when no prebuilt binary can be downloaded.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN npm ci --no-audit --no-fund \
  && npm pack --pack-destination /tmp/pack \
  && npm install --global --prefix /opt/edupkg /tmp/pack/edupkg-*.tgz --no-audit --no-fund

FROM node:22-bookworm-slim
COPY --from=build /opt/edupkg /opt/edupkg
ENV PATH=/opt/edupkg/bin:$PATH CI=true
WORKDIR /work
USER node
ENTRYPOINT ["edupkg"]
CMD ["--help"]

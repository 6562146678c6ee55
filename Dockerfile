# snnbench in a container: a build stage that compiles and runs the tests, and a runtime
# stage with only the runtime libraries and the installed snnbench, as a non-root user.
#
#   docker build -t snnbench .          (ci/container-check.sh does this with podman)
#   docker run -v "$PWD/out:/data" snnbench                  # runs scenarios/quick.cfg
#   docker run -v "$PWD/out:/data" snnbench run hpc_benchmark
#   docker run -v "$PWD/out:/data" snnbench analyze results/runs/quick
#   docker run -v "$PWD/out:/data" --entrypoint mpiexec snnbench -n 2 snnbench sim
#
# The oracle tests need the reference outputs in oracles/ of the build context
# (ci/container-check.sh puts ../shared/oracles there); without them they are not registered.

FROM debian:bookworm-slim AS build
COPY ci/install-deps.sh /src/ci/install-deps.sh
RUN bash /src/ci/install-deps.sh --build-only && rm -rf /var/lib/apt/lists/*
COPY . /src
WORKDIR /src
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSNN_WERROR=ON \
          -DSNN_ORACLE_DIR=/src/oracles -DCMAKE_INSTALL_PREFIX=/usr/local \
 && cmake --build build -j"$(nproc)" \
 && cd build && ctest --output-on-failure -L quick \
 && cmake --install . --strip

FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libhdf5-103-1 libgsl27 libgslcblas0 libconfig9 libgomp1 libnettle8 gnuplot-nox \
      libopenmpi3 openmpi-bin \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 snn \
 && mkdir /data && chown snn:snn /data
COPY --from=build /usr/local/bin/snnbench /usr/local/bin/snnbench
COPY --from=build /usr/local/share/snnbench /usr/local/share/snnbench
USER snn
WORKDIR /data
VOLUME /data
ENTRYPOINT ["snnbench"]
CMD ["run", "quick"]

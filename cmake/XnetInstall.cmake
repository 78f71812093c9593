# Installs headers, both library pairs, the CMake package (find_package(xnet
# CONFIG) giving xnet::codecs, xnet::codecs_static, xnet::xnet,
# xnet::xnet_static) and the pkg-config files xnet-codecs.pc and xnet.pc.
include(CMakePackageConfigHelpers)

set_target_properties(xnet_codecs PROPERTIES EXPORT_NAME codecs)
set_target_properties(xnet_codecs_static PROPERTIES EXPORT_NAME codecs_static)

install(DIRECTORY codecs/include/xnet core/include/xnet
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.h")
install(TARGETS xnet_codecs xnet_codecs_static xnet xnet_static
        EXPORT xnetTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
set(XNET_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/xnet)
install(EXPORT xnetTargets NAMESPACE xnet:: DESTINATION ${XNET_CMAKE_DIR})
configure_package_config_file(cmake/xnetConfig.cmake.in
    "${PROJECT_BINARY_DIR}/xnetConfig.cmake" INSTALL_DESTINATION ${XNET_CMAKE_DIR})
write_basic_package_version_file("${PROJECT_BINARY_DIR}/xnetConfigVersion.cmake"
    COMPATIBILITY SameMajorVersion)
install(FILES "${PROJECT_BINARY_DIR}/xnetConfig.cmake"
              "${PROJECT_BINARY_DIR}/xnetConfigVersion.cmake"
        DESTINATION ${XNET_CMAKE_DIR})

foreach(pc xnet-codecs xnet)
  configure_file(cmake/${pc}.pc.in "${PROJECT_BINARY_DIR}/${pc}.pc" @ONLY)
  install(FILES "${PROJECT_BINARY_DIR}/${pc}.pc"
          DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()

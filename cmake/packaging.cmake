# `make install` (cmake --install) and `make deb` (cpack -G DEB): the binary, which embeds the
# frameworks, mappings and web assets; a systemd unit; the README and the bundled content's
# notice. The package's library dependencies are found by dpkg-shlibdeps.
include(GNUInstallDirs)
install(TARGETS rungs RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${CMAKE_SOURCE_DIR}/packaging/rungs.service DESTINATION lib/systemd/system)
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${CMAKE_SOURCE_DIR}/frameworks/NOTICE DESTINATION ${CMAKE_INSTALL_DOCDIR}
        RENAME NOTICE.frameworks)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME rungs)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "rungs developers <rungs@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "progression frameworks for customer-support teams, with people, check-ins and helpdesk metrics")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The time zone database for team zones; the service's files are under /var/lib/rungs.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "tzdata")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
